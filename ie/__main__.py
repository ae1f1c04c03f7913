from ie.cli import main

main()
