"""Safe (and, on request, unsafe) source fixes for findings: `frtlint check --fix`.

`edits` computes the fixes on LibCST trees; `command` plans, shows and writes them. This
package imports neither on its own: a cached run must not pay for importing LibCST.
"""
