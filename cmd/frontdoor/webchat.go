package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/webchat"
)

// webChatOn is the value of FRONTDOOR_WEB_CHAT that turns the web chat on.
const webChatOn = "on"

// checkWebChat reads the web chat's settings: FRONTDOOR_WEB_CHAT, FRONTDOOR_CHAT_EXIT_URL and
// FRONTDOOR_CHAT_FRAME_ORIGINS.
func (c *Config) checkWebChat(v func(string) string) []string {
	var probs []string
	switch s := v("FRONTDOOR_WEB_CHAT"); s {
	case webChatOn:
		c.WebChat = true
	case "":
		c.WebChat = c.Dev
	case "off":
	default:
		probs = append(probs, fmt.Sprintf("FRONTDOOR_WEB_CHAT %q: use on (the web chat at /chat) or off", s))
	}
	c.ChatExitURL = v("FRONTDOOR_CHAT_EXIT_URL")
	if u, err := url.Parse(c.ChatExitURL); c.ChatExitURL != "" && (err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "") {
		probs = append(probs, "FRONTDOOR_CHAT_EXIT_URL should be the http(s) URL of a neutral site, like https://www.weather.gov/")
	}
	for _, o := range strings.Fields(strings.ReplaceAll(v("FRONTDOOR_CHAT_FRAME_ORIGINS"), ",", " ")) {
		u, err := url.Parse(o)
		if err != nil || u.Scheme != "https" && u.Scheme != "http" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			probs = append(probs, fmt.Sprintf("FRONTDOOR_CHAT_FRAME_ORIGINS: %q is not an origin like https://www.example.org", o))
			continue
		}
		c.ChatFrameOrigins = append(c.ChatFrameOrigins, u.Scheme+"://"+u.Host)
	}
	return probs
}

// openMailbox returns the web chat's mailbox on the store when the chat is on; nil when it is
// off. Staff replies reach visitors through it (newSender), and the desk reads from it whether a
// visitor's page is open.
func (a *app) openMailbox() (bot.Mailbox, error) {
	if !a.cfg.WebChat {
		return nil, nil
	}
	if a.back.Mailbox == nil {
		return nil, errors.New("the web chat needs a store that keeps mailboxes")
	}
	return a.back.Mailbox, nil
}

// newWebChat returns the web chat's handler on box; nil when the chat is off (box nil).
func (a *app) newWebChat(b *bot.Bot, box bot.Mailbox) (http.Handler, error) {
	if box == nil {
		return nil, nil
	}
	chat, err := webchat.New(webchat.Config{ExitURL: a.cfg.ChatExitURL, FrameOrigins: a.cfg.ChatFrameOrigins},
		webchat.Deps{Bot: b, Keys: a.keys, Mailbox: box, Log: a.log.With("comp", "webchat")})
	if err != nil {
		return nil, err
	}
	a.log.Info("web chat on at /chat")
	return chat, nil
}

// channelSender sends to a web chat visitor through the chat's mailbox and to everyone else
// through the provider (Twilio), which may be nil (not configured).
type channelSender struct {
	web, provider bot.Sender
}

// errNoProvider refuses an SMS or WhatsApp send when Twilio is not configured.
var errNoProvider = &bot.PermanentError{Code: "no_sender", Err: errors.New("SMS sending is not configured")}

// Send implements bot.Sender.
func (c channelSender) Send(ctx context.Context, to, body, key string) (string, error) {
	if bot.ChannelOf(to) == bot.ChannelWeb {
		return c.web.Send(ctx, to, body, key)
	}
	if c.provider == nil {
		return "", errNoProvider
	}
	return c.provider.Send(ctx, to, body, key)
}
