"""newsbot's application layer: the `newsbot` CLI and the Slack app, thin wrappers over `index`."""
