package web

import (
	"context"
	"errors"
	"log/slog"
	"mime"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

const twimlType = "text/xml; charset=utf-8"

// sms answers an inbound SMS with TwiML. Whatever fails after the signature check, the texter
// gets an answer: the bot's replies, <Response/> when nothing may be sent, or the fail-safe
// reply, always with HTTP 200 (a non-2xx makes Twilio alert and drop the message).
func (s *Server) sms(c echo.Context) error {
	in, err := parseInbound(c)
	if err != nil {
		s.deps.Metrics.inbound.WithLabelValues("malformed").Inc()
		if errors.Is(err, twilio.ErrMissingField) || errors.Is(err, twilio.ErrBadAddress) { // names the field, never a value
			s.deps.Log.Warn("malformed sms webhook", "error", err)
		}
		return echo.NewHTTPError(http.StatusBadRequest, "malformed webhook")
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), s.cfg.HandleTimeout)
	defer cancel()
	out := s.handle(ctx, in)
	s.record(in, out)
	x, err := twilio.Reply(out.Replies)
	if err != nil {
		s.deps.Log.Error("cannot render TwiML; sent the fail-safe reply", "msg_id", in.ID, "error", err)
		x = s.failSafe
	}
	return c.Blob(http.StatusOK, twimlType, x)
}

// parseInbound reads a form body, or a JSON one.
func parseInbound(c echo.Context) (bot.Inbound, error) {
	if isJSON(c.Request()) {
		return twilio.ParseInboundJSON(bodyOf(c))
	}
	form := formOf(c)
	if form == nil {
		return bot.Inbound{}, errors.New("the body is not a form")
	}
	return twilio.ParseInbound(form)
}

// isJSON: a JSON body is marked by its content type or a bodySHA256 query parameter.
func isJSON(r *http.Request) bool {
	if strings.Contains(r.URL.RawQuery, "bodySHA256=") {
		return true
	}
	h := r.Header.Get(echo.HeaderContentType)
	if !strings.Contains(h, ";") { // what ParseMediaType would say, without its parameter map
		return strings.EqualFold(strings.TrimSpace(h), echo.MIMEApplicationJSON)
	}
	ct, _, _ := mime.ParseMediaType(h)
	return ct == echo.MIMEApplicationJSON
}

// handle runs the bot; a panic in it still gets the texter the fail-safe reply.
func (s *Server) handle(ctx context.Context, in bot.Inbound) (out bot.Outcome) {
	defer func() {
		if p := recover(); p != nil {
			s.deps.Log.Error("the bot panicked; sent the fail-safe reply", "msg_id", in.ID)
			out = bot.Outcome{Replies: []string{bot.FailSafeReply}, FailSafe: true}
		}
	}()
	return s.deps.Bot.Handle(ctx, in)
}

// record counts the outcome and logs it without personal data.
func (s *Server) record(in bot.Inbound, out bot.Outcome) {
	m := s.deps.Metrics
	result := "handled"
	switch {
	case out.FailSafe:
		result = "failsafe"
		m.failSafe.Inc()
	case out.Duplicate:
		result = "duplicate"
		m.dedupeHits.Inc()
	case out.Limited:
		result = "limited"
		m.rateLimited.Inc()
	}
	m.inboundOf(result).Inc()
	m.replies.Add(float64(len(out.Replies)))
	if s.deps.Log.Enabled(context.Background(), slog.LevelDebug) { // its arguments cost allocations
		s.deps.Log.Debug("sms", "msg_id", in.ID, "alias", out.Alias, "result", result,
			"replies", len(out.Replies), "effects", len(out.Effects), "media", in.Media)
	}
}
