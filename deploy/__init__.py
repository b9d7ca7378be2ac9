"""Serving the app to many readers: nginx in front of Streamlit replicas (deploy/serve.py)."""
