package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/memory"
	"github.com/nhttf/frontdoor/integrations/redis"
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

// wireWebChat builds the web chat when it is on: its mailbox on the store, and its sender
// beside Twilio's, so staff replies reach visitors through the same desk code.
func (a *app) wireWebChat() (http.Handler, error) {
	if !a.cfg.WebChat {
		return nil, nil
	}
	var box bot.Mailbox
	switch s := a.back.Store.(type) {
	case *redis.Store:
		box = s.Mailbox()
	case *memory.Store:
		box = memory.NewMailbox(a.bot.Clock)
	default:
		return nil, errors.New("the web chat needs the Redis or the in-memory store")
	}
	chat, err := webchat.New(webchat.Config{ExitURL: a.cfg.ChatExitURL, FrameOrigins: a.cfg.ChatFrameOrigins},
		webchat.Deps{Bot: a.bot, Keys: a.keys, Mailbox: box, Log: a.log.With("comp", "webchat")})
	if err != nil {
		return nil, err
	}
	a.chatBox = box
	web := bot.GuardedSender{Bot: a.bot, Sender: webchat.Sender{Keys: a.keys, Mailbox: box}}
	a.sender = channelSender{web: web, provider: a.sender}
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
