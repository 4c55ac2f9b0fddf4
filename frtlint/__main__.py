from frtlint.cli import main

raise SystemExit(main())
