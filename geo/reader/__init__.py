"""The reader: what a person sees and does after choosing a place, a passage or an event,
one front end for both hosts (the app and the published edition).

- ``model``: the reader model, every word and value the reader shows, from the story;
- ``words``, ``dates``: the reader's words and dates in words, one home each;
- ``assets``: the reader's script (``static/src``, ES modules bundled by esbuild), its
  stylesheet and its markup (``templates/reader.html``), as each host takes them.
"""

from geo.reader.model import READER_LAYERS, reader_model

__all__ = ["READER_LAYERS", "reader_model"]
