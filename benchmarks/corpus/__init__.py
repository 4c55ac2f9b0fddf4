"""The benchmark corpus generator: templates (`templates_*`) apart from the engine that
plans and writes a corpus (`engine`). `benchmarks/generate_corpus.py` is its command line."""
