"""The load stage: site files -> typed data with positions (:mod:`gkgen.data`).

- :mod:`.yamlpos` parses YAML keeping every node's line and column;
- :mod:`.keys` matches typed keys against the keys a level allows, :mod:`.values` reads numbers;
- :mod:`.site` walks the site (gkgen.yaml, agencies, report files), :mod:`.report` reads one
  YYYY.yaml through the format's table shapes, :mod:`.narrative` splits YYYY.md into sections;
- :mod:`.settings` reads gkgen.yaml's PDF settings, :mod:`.schema` writes the editors' JSON Schemas;
- :mod:`.writer` writes YYYY.yaml back (the importer and ``gkgen new`` use it).
"""
