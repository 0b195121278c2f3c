package bot

import (
	"context"
	"time"
)

// AuditLog records who changed what in the console, and when: sign-ins, drafts, publishes and
// rollbacks. Entries name coordinators, flow files and versions, never a texter, a number or a
// message. Implementations keep the newest AuditKeep entries.
type AuditLog interface {
	Audit(ctx context.Context, e AuditEntry) error
	// AuditEntries returns up to limit entries, newest first.
	AuditEntries(ctx context.Context, limit int) ([]AuditEntry, error)
}

// AuditKeep bounds the audit log: the oldest entries beyond it are dropped, so that failed
// sign-ins cannot grow it without end. Export it regularly to keep more.
const AuditKeep = 50000

// AuditEntry is one thing a coordinator did.
type AuditEntry struct {
	At     time.Time `json:"at"`
	Who    string    `json:"who"`    // the account name ("" for a sign-in with an unknown name)
	Action string    `json:"action"` // e.g. "publish", "rollback", "sign_in_failed"
	Detail string    `json:"detail"` // e.g. "version 7: changed tip.yaml"
}

// SignInGuard counts failed console sign-ins per account, across replicas, for the lockout.
type SignInGuard interface {
	// SignInFailed records a failure for account and returns the failures counted in the
	// window, which restarts with each failure.
	SignInFailed(ctx context.Context, account string, window time.Duration) (int, error)
	// SignInFailures returns the failures counted for account now.
	SignInFailures(ctx context.Context, account string) (int, error)
	// SignInCleared forgets account's failures after a good sign-in.
	SignInCleared(ctx context.Context, account string) error
}
