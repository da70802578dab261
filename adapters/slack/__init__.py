"""The Slack adapter: the whole engine as a Bolt app, over Socket Mode or HTTP.

`app.create_app` builds the Bolt app around an `Engine` and a `WebClient`;
`blocks` renders replies as Block Kit; `server` serves it over HTTP;
`reminders` delivers scheduled messages; `cli.run` is `rebound slack`.
"""
