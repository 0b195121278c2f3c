package bot

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// Applier applies committed effects to the outside world (Slack, Twilio, a log). The outbox
// worker calls it for each effect, in order per texter, and retries on error, so Apply must be
// idempotent for one effect: applying it twice must look like once from outside.
type Applier interface {
	Apply(ctx context.Context, e Effect) error
}

// ApplierFunc adapts a function to Applier.
type ApplierFunc func(ctx context.Context, e Effect) error

// Apply calls f.
func (f ApplierFunc) Apply(ctx context.Context, e Effect) error { return f(ctx, e) }

// Sender sends an SMS that does not answer a webhook (a staff reply, a notice). Every such SMS
// still answers a texter who wrote: callers check the session first.
type Sender interface {
	// Send sends body to the number and returns the provider's message id. key is stable for
	// one logical message, so a retry after an ambiguous failure can be recognised.
	Send(ctx context.Context, to, body, key string) (id string, err error)
}

// PermanentError is a failure that retrying cannot fix, such as a 4xx answer from a provider.
type PermanentError struct {
	Code string // the provider's error code, e.g. "21610"
	Err  error
}

func (e *PermanentError) Error() string {
	return fmt.Sprintf("permanent failure %s: %v", e.Code, e.Err)
}
func (e *PermanentError) Unwrap() error { return e.Err }

// RetryAfterError asks the caller to wait at least After before trying again (HTTP 429).
type RetryAfterError struct {
	After time.Duration
	Err   error
}

func (e *RetryAfterError) Error() string { return fmt.Sprintf("retry after %s: %v", e.After, e.Err) }
func (e *RetryAfterError) Unwrap() error { return e.Err }

// ErrRecipientOptedOut means the provider refused a send because the recipient opted out
// (Twilio 21610). The texter's opt-out must be recorded and the send not retried.
var ErrRecipientOptedOut = errors.New("the recipient has opted out")

// ErrMaybeSent means the provider may or may not have sent the message: a timeout after the
// request went out, a connection cut while the answer came, a 5xx that does not say whether it
// was queued, a success without a message id. Sending again could text the person twice, so it
// is never retried automatically: a person decides (the desk offers the owner "Send again").
var ErrMaybeSent = errors.New("the message may or may not have been sent")

// IsPermanent reports whether err should not be retried.
func IsPermanent(err error) bool {
	var pe *PermanentError
	return errors.As(err, &pe) || errors.Is(err, ErrRecipientOptedOut) || errors.Is(err, ErrMaybeSent)
}
