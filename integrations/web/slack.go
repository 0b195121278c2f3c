package web

import (
	"context"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"
	"github.com/nhttf/frontdoor/integrations/slack"
)

// SlackInbox answers the Slack routes once their signature checked out; integrations/slack's
// Inbox is one. Each method decides and commits within the request and returns an error when
// that failed, so that Slack retries.
type SlackInbox interface {
	Event(ctx context.Context, body []byte) ([]byte, error)
	Interaction(ctx context.Context, payload []byte) error
	CommandForm(ctx context.Context, form url.Values) ([]byte, error)
}

// slackAckTimeout keeps the work inside Slack's 3-second window, as in Socket Mode.
const slackAckTimeout = slack.AckTimeout

// slackRoutes adds /slack/events, /slack/interactions and /slack/commands, each verified with the
// signing secrets on the raw body before anything is parsed. Without a SlackInbox (Slack not
// configured, or Socket Mode) they answer 501.
func (s *Server) slackRoutes(e *echo.Echo, webhook []echo.MiddlewareFunc) {
	sl := e.Group("/slack", append(webhook, s.slackSignature)...)
	sl.POST("/events", s.slackEvents)
	sl.POST("/interactions", s.slackInteractions)
	sl.POST("/commands", s.slackCommands)
}

// slackSignature refuses a request whose X-Slack-Signature does not match the raw body, or whose
// timestamp is more than 5 minutes off: 401, nothing else happens, the body is not logged.
func (s *Server) slackSignature(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.deps.Slack == nil || len(s.cfg.SlackSecrets) == 0 {
			return echo.NewHTTPError(http.StatusNotImplemented, "Slack events are not taken over HTTP here (not configured, or Socket Mode)")
		}
		if err := slack.Verify(c.Request().Header, bodyOf(c), s.slackSecrets(), s.cfg.Now()); err != nil {
			s.deps.Metrics.signatureFailures.WithLabelValues(c.Path()).Inc()
			s.deps.Log.Warn("slack signature check failed", "route", c.Path(), "reason", err.Error())
			return echo.NewHTTPError(http.StatusUnauthorized, "bad signature")
		}
		return next(c)
	}
}

// slackSecrets are the secrets that verify now: the current ones, and the previous one while a
// rotation's overlap lasts.
func (s *Server) slackSecrets() []string {
	if s.cfg.SlackPreviousSecret == "" || (!s.cfg.PreviousUntil.IsZero() && !s.cfg.Now().Before(s.cfg.PreviousUntil)) {
		return s.cfg.SlackSecrets
	}
	return append(append([]string(nil), s.cfg.SlackSecrets...), s.cfg.SlackPreviousSecret)
}

func (s *Server) slackContext(c echo.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(c.Request().Context()), slackAckTimeout)
}

func (s *Server) slackEvents(c echo.Context) error {
	ctx, cancel := s.slackContext(c)
	defer cancel()
	out, err := s.deps.Slack.Event(ctx, bodyOf(c))
	if err != nil {
		return s.slackFailed(c, err)
	}
	if retry := c.Request().Header.Get("X-Slack-Retry-Num"); retry != "" {
		s.deps.Log.Debug("slack retried an event", "retry", retry, "reason", c.Request().Header.Get("X-Slack-Retry-Reason"))
	}
	if len(out) == 0 {
		return c.NoContent(http.StatusOK)
	}
	return c.JSONBlob(http.StatusOK, out)
}

func (s *Server) slackInteractions(c echo.Context) error {
	form := formOf(c)
	if form == nil || form.Get("payload") == "" {
		return echo.NewHTTPError(http.StatusBadRequest, "no payload")
	}
	ctx, cancel := s.slackContext(c)
	defer cancel()
	if err := s.deps.Slack.Interaction(ctx, []byte(form.Get("payload"))); err != nil {
		return s.slackFailed(c, err)
	}
	return c.NoContent(http.StatusOK)
}

func (s *Server) slackCommands(c echo.Context) error {
	form := formOf(c)
	if form == nil {
		return echo.NewHTTPError(http.StatusBadRequest, "malformed command")
	}
	ctx, cancel := s.slackContext(c)
	defer cancel()
	out, err := s.deps.Slack.CommandForm(ctx, form)
	if err != nil {
		return s.slackFailed(c, err)
	}
	return c.JSONBlob(http.StatusOK, out)
}

// slackFailed answers 500 so that Slack retries; the error names no message content.
func (s *Server) slackFailed(c echo.Context, err error) error {
	s.deps.Log.Error("slack request failed; slack will retry", "route", c.Path(), "error", err)
	return echo.NewHTTPError(http.StatusInternalServerError, "try again")
}
