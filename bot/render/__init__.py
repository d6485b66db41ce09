"""What newsbot shows people, as pure functions of the index's answers and digests.

    mrkdwn.py    escaping untrusted text for Slack (the one place it is done), links, cutting on words
    blocks.py    Block Kit: `Message`, Slack's limits, the blocks the renderers share
    answers.py   answers, help and notices: Block Kit for Slack, text for `newsbot ask` / `quotes`
    digests.py   the digest of new articles: Block Kit for the channel, text for `digest --dry-run`

The words come from `bot.i18n`; nothing here does I/O, so tests check the output.
"""
