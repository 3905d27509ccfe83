from sahelcli.cli import main

main()
