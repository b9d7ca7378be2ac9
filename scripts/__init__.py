"""The data builds (`make data`) and the vendored assets, run from the checkout as
`python -m scripts.NAME`."""
