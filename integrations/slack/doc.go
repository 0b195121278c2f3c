// Package slack is the staff desk on Slack (slack-go v0.35.0): it verifies and parses requests
// from Slack, turns texts between Slack markup and SMS, and posts, threads and updates messages.
// It implements the desk side of bot's effects; the rules (who may reply, when to hold a reply)
// live in package bot.
package slack
