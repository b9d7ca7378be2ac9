"""The page: the only package that imports Streamlit, one module per panel.

Data flows one way: ``geo`` loads and links the story and builds the map; these modules
lay it out, keep the reader's choices in the session and the URL, and call back into
``geo`` for everything else.
"""
