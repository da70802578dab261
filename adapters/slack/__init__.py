"""The Slack adapter: the whole engine as a Bolt app, over Socket Mode or HTTP.

`app.SlackBot` builds the Bolt app around an `Engine` and a `WebClient`, and
posts the outbox through the shared `adapters.sender.Sender`; `blocks`
renders replies as Block Kit; `gate` checks requests before Bolt sees them;
`server` serves it over HTTP; `fake` stands in for Slack in tests and
benches; `cli.run` is `rebound slack`.
"""
