"""apologylint as a warm service: an HTTP JSON API with a playground page (``apologylint
serve``), a line-per-request pipe (``apologylint serve --stdio``) and a language server
(``apologylint lsp``), all on one warm ``Linter`` giving the CLI's findings, codes and JSON.

Importing this package imports neither spaCy nor the web stack; the HTTP server needs the
``server`` extra (``pip install "apologylint[server]"``).
"""
