"""The service layer: the operations a user performs, shared by the CLI and the web app.

Each function opens its own transaction, so an operation either happens whole or not at all.
Views (CLI, web) parse input, call one of these and render the result; they never touch the
store or repeat analysis logic.
"""
