from asmtp.cli import main

raise SystemExit(main())
