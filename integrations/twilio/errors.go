package twilio

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"

	"github.com/nhttf/frontdoor/bot"
	tclient "github.com/twilio/twilio-go/client"
)

// CodeOptedOut is Twilio's error for a recipient who texted STOP.
const CodeOptedOut = 21610

// classify turns a failed call into the bot error contract. Twilio's messages can quote the
// recipient's number, so errors keep only codes and statuses.
func classify(ctx context.Context, t *callTransport, err error) (retry bool, out error) {
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	var te *tclient.TwilioRestError
	if errors.As(err, &te) {
		status := te.Status
		if status == 0 { // an error body without "status": the HTTP status is the truth
			status = t.status
		}
		return classifyStatus(t, status, te.Code)
	}
	if t.status != 0 { // an error answer that was not Twilio's JSON (a proxy's page)
		return classifyStatus(t, t.status, 0)
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true, fmt.Errorf("cannot reach the Twilio API: %w", op)
	}
	// The request may have reached Twilio: retrying could send the SMS twice, so the caller (the
	// outbox, which knows the message) decides.
	return false, fmt.Errorf("the Twilio API call failed; the message may or may not have been sent: %w", err)
}

func classifyStatus(t *callTransport, status, code int) (bool, error) {
	detail := fmt.Errorf("twilio answered HTTP %d, error %d", status, code)
	switch {
	case code == CodeOptedOut:
		return false, fmt.Errorf("%v: %w", detail, bot.ErrRecipientOptedOut)
	case status == 429:
		return true, &bot.RetryAfterError{After: t.retryAfter, Err: detail}
	case status >= 500:
		return true, detail
	case status >= 400:
		return false, &bot.PermanentError{Code: permanentCode(status, code), Err: detail}
	}
	return true, detail
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
