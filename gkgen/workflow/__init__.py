"""The year's workflow around the pipeline: one module per command, the CLI only calls them.

- :mod:`.init`: `gkgen init` — a new site repository (files from :mod:`.scaffold`);
- :mod:`.new`: `gkgen new` — a year from the year before, a new agency;
- :mod:`.diff`: `gkgen diff` — changes between git revisions in words (:mod:`.gitrev` reads a
  revision), and the git textconv driver;
- :mod:`.serve`: `gkgen serve` — the preview server over :mod:`.preview`;
- :mod:`.status`: `gkgen status` — who has filed (rows from :mod:`gkgen.export.status`);
- :mod:`.site`: the site root from any sub-folder, path scopes, the git repository's root;
- :mod:`.console`: progress, --quiet/--verbose and colour.
"""
