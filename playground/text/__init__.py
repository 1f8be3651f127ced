"""Language models of text for the "Next word" tab.

The data half lives here too: corpora, a person's own text and the train/validation split
(corpus.py), tokenizers (tokenize.py) and count-based n-gram baselines (ngram.py); those three
need only the standard library, numpy and, for BPE, Hugging Face ``tokenizers``.
"""
