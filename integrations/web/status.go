package web

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/nhttf/frontdoor/integrations/twilio"
)

// status takes a Twilio status callback for a message Frontdoor sent. A callback that would move
// a message back (a late "sent" after "delivered") or repeats one is a no-op. A failure is
// handed to OnUndelivered before it is recorded: if staff could not be told (the store is down),
// the callback answers 500 and nothing is recorded, so a retry of it tells them. Failures are
// counted by code once.
func (s *Server) status(c echo.Context) error {
	form := formOf(c)
	if form == nil {
		return echo.NewHTTPError(http.StatusBadRequest, "malformed status callback")
	}
	st, err := twilio.ParseStatus(form)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, "malformed status callback: "+err.Error())
	}
	m := s.deps.Metrics
	m.statusCallbacks.WithLabelValues(st.Label()).Inc()
	if st.Rank() == 0 {
		return c.NoContent(http.StatusNoContent) // a status we do not know: nothing to do
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request().Context()), s.cfg.HandleTimeout)
	defer cancel()
	reached, err := s.deps.Deliveries.Reached(ctx, st.MessageSid)
	if err != nil {
		return err // 500: Twilio may send the callback again
	}
	if reached >= st.Rank() {
		return c.NoContent(http.StatusNoContent)
	}
	if st.Failed() && s.deps.OnUndelivered != nil {
		if err := s.deps.OnUndelivered(ctx, st); err != nil {
			return err
		}
	}
	moved, err := s.deps.Deliveries.Advance(ctx, st.MessageSid, st.Rank())
	if err != nil {
		return err
	}
	if moved && st.Failed() {
		m.deliveryFailures.WithLabelValues(st.FailureLabel()).Inc()
		level := s.deps.Log.Warn
		if st.ErrorCode == 30007 {
			level = s.deps.Log.Error // filtered as spam: operators must look
		}
		level("sms not delivered", "sid", st.MessageSid, "status", st.Label(), "code", st.FailureLabel())
	}
	return c.NoContent(http.StatusNoContent)
}
