from smab_pack.cli import main

main()
