from okrtui.cli.main import main

main()
