from apologylint.cli import main

main()
