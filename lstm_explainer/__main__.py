"""``python -m lstm_explainer``: the command line (see `lstm_explainer.cli`)."""

from .cli import main

main()
