package bot

import (
	"context"
	"errors"
	"time"
)

// FlowStore keeps the published versions of the flows, so that every replica runs the same set
// without a restart, and each coordinator's draft. Implementations: integrations/memory
// (Console) and integrations/redis (Store). It holds no texter data.
//
// Versions are append-only and numbered from 1; the newest is the one that is live. A rollback
// publishes an earlier version's files again as a new version, so the history reads as what
// happened.
type FlowStore interface {
	// CurrentFlows returns the number of the live version, 0 when nothing was published. It is
	// cheap: replicas poll it every few seconds.
	CurrentFlows(ctx context.Context) (int64, error)
	// FlowVersion returns version n with its files, or ErrNoFlowVersion.
	FlowVersion(ctx context.Context, n int64) (FlowVersion, error)
	// FlowVersions returns up to limit versions, newest first, without their files.
	FlowVersions(ctx context.Context, limit int) ([]FlowVersion, error)
	// PublishFlows stores v as the next version and makes it live, if the live version is still
	// base (else ErrStaleFlows and nothing is written). It returns the new version's number.
	// v.Number is ignored.
	PublishFlows(ctx context.Context, v FlowVersion, base int64) (int64, error)

	// SaveDraft keeps owner's draft (it replaces any earlier one) for DraftTTL.
	SaveDraft(ctx context.Context, owner string, d Draft) error
	// Draft returns owner's draft; ok is false when there is none.
	Draft(ctx context.Context, owner string) (d Draft, ok bool, err error)
	// DropDraft forgets owner's draft.
	DropDraft(ctx context.Context, owner string) error
}

// FlowFiles are the files of a flows folder by slash-separated path: the flow files at the top
// ("tip.yaml") and the transcript tests under tests/ ("tests/tip_en.yaml").
type FlowFiles map[string][]byte

// Clone returns a copy that shares no map with f (the byte slices are shared: never modify them).
func (f FlowFiles) Clone() FlowFiles {
	out := make(FlowFiles, len(f))
	for k, v := range f {
		out[k] = v
	}
	return out
}

// FlowVersion is one published set of flows.
type FlowVersion struct {
	Number    int64
	Files     FlowFiles // nil in FlowStore.FlowVersions lists
	Author    string    // the coordinator's account name, or "system" for the seed
	Published time.Time
	Note      string // what changed and why, as the author wrote it
}

// Draft is a coordinator's unpublished change: the files of version Base with their edits.
type Draft struct {
	Base    int64
	Files   FlowFiles
	Updated time.Time
}

// DraftTTL is how long an untouched draft is kept.
const DraftTTL = 30 * 24 * time.Hour

var (
	// ErrNoFlowVersion means the version asked for does not exist.
	ErrNoFlowVersion = errors.New("no such flows version")
	// ErrStaleFlows means another version was published since the one a change was based on.
	ErrStaleFlows = errors.New("another flows version was published meanwhile")
)
