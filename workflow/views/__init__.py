"""The translator and editor workspace: web pages over the workflow services."""
