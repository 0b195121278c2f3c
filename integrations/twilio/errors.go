package twilio

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/nhttf/frontdoor/bot"
	tclient "github.com/twilio/twilio-go/client"
)

// CodeOptedOut is Twilio's error for a recipient who texted STOP.
const CodeOptedOut = 21610

// classify turns a failed call into the bot error contract. Twilio's messages can quote the
// recipient's number, so errors keep only codes and statuses.
//
// A call that may have reached Twilio is never retried: the SMS could arrive twice. That is a
// call that failed after its request was written (a timeout waiting for the answer, a
// connection cut mid-answer), a 5xx other than 503 (Twilio or a proxy failed, and nobody says
// whether the message was queued first), and a 2xx that could not be read. Those give
// bot.ErrMaybeSent, and the caller tells a person instead. A request that never went out (the
// dial or the TLS handshake failed), a 503 (not taken) and a 429 (not taken, slow down) are
// retried.
func classify(ctx context.Context, t *callTransport, err error) (retry bool, out error) {
	var te *tclient.TwilioRestError
	if errors.As(err, &te) {
		status := te.Status
		if status == 0 { // an error body without "status": the HTTP status is the truth
			status = t.status
		}
		return classifyStatus(t, status, te.Code)
	}
	if t.status != 0 { // an answer that was not Twilio's JSON error (a proxy's page, a cut body)
		return classifyStatus(t, t.status, 0)
	}
	if t.wrote.Load() {
		return false, fmt.Errorf("%w: the Twilio API call failed after the request went out (%s)", bot.ErrMaybeSent, failureClass(err))
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return true, fmt.Errorf("cannot reach the Twilio API: %w", err)
}

func classifyStatus(t *callTransport, status, code int) (bool, error) {
	detail := fmt.Errorf("twilio answered HTTP %d, error %d", status, code)
	switch {
	case code == CodeOptedOut:
		return false, fmt.Errorf("%v: %w", detail, bot.ErrRecipientOptedOut)
	case status == 429:
		return true, &bot.RetryAfterError{After: t.retryAfter, Err: detail}
	case status == 503:
		return true, detail
	case status >= 500, status < 400:
		return false, fmt.Errorf("%w: %v", bot.ErrMaybeSent, detail)
	}
	return false, &bot.PermanentError{Code: permanentCode(status, code), Err: detail}
}

// failureClass names a transport failure without its text (which names the URL).
func failureClass(err error) string {
	var timeout interface{ Timeout() bool }
	switch {
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &timeout) && timeout.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	}
	return "connection failed"
}

// permanentCode names a refusal for staff and the dead letters: Twilio's error code, or the HTTP
// status when the answer carried none.
func permanentCode(status, code int) string {
	if code == 0 {
		return "http_" + strconv.Itoa(status)
	}
	return strconv.Itoa(code)
}

// refusedCredentials reports whether Twilio refused the account's credentials or permissions
// (HTTP 401 or 403): every send fails until an operator fixes the configuration.
func refusedCredentials(err error) bool {
	var pe *bot.PermanentError
	return errors.As(err, &pe) && (pe.Code == "20003" || pe.Code == "http_401" || pe.Code == "http_403")
}
