package console

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/nhttf/frontdoor/bot"
)

type testsData struct {
	Check *checked
}

// testsPage runs the transcript tests of what the coordinator works on; running is cheap and
// changes nothing, so the page runs them each time it is shown.
func (c *Console) testsPage(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderView(w, http.StatusOK, "tests", s, view{Title: "Transcript tests", Work: ws, Data: testsData{Check: c.check(ws.Files)}})
}

type publishData struct {
	Check *checked
	Note  string
	Error string
	Diffs []fileDiff // what the draft changes, file by file
}

func (c *Console) publishPage(w http.ResponseWriter, r *http.Request, s *session) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	diffs, err := c.draftDiffs(r.Context(), ws)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderView(w, http.StatusOK, "publish", s, view{Title: "Publish", Work: ws, Data: publishData{Check: c.check(ws.Files), Diffs: diffs}})
}

// publish makes the coordinator's draft the live version, if lint and every transcript test
// pass and nobody published since the draft began.
func (c *Console) publish(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	ws, err := c.workspace(ctx, s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	d := publishData{Check: c.check(ws.Files), Note: note}
	d.Diffs, _ = c.draftDiffs(ctx, ws) // shown again if publishing is refused
	refuse := func(status int, why string) {
		d.Error = why
		c.audit(ctx, s.User, "publish_refused", why)
		c.renderView(w, status, "publish", s, view{Title: "Publish", Work: ws, Data: d})
	}
	switch {
	case !ws.Draft || len(ws.Changed)+len(ws.Removed) == 0:
		refuse(http.StatusConflict, "there is nothing to publish: your draft has no changes")
		return
	case ws.Stale():
		refuse(http.StatusConflict, fmt.Sprintf("version %d was published after your draft began: bring your changes onto it first", ws.Live))
		return
	case !d.Check.Publishable():
		refuse(http.StatusUnprocessableEntity, d.Check.Why())
		return
	}
	v := bot.FlowVersion{Files: ws.Files, Author: s.User, Published: c.deps.Clock.Now().UTC(), Note: note}
	n, err := c.deps.Store.PublishFlows(ctx, v, ws.Base)
	if errors.Is(err, bot.ErrStaleFlows) {
		refuse(http.StatusConflict, "another version was published a moment ago: bring your changes onto it first")
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.deps.Store.DropDraft(ctx, s.User)
	c.audit(ctx, s.User, "publish", fmt.Sprintf("version %d from version %d: %s", n, ws.Base, changes(ws)))
	c.published(r)
	http.Redirect(w, r, fmt.Sprintf("%s/versions?live=%d", Prefix, n), http.StatusSeeOther)
}

func changes(ws *workspace) string {
	var parts []string
	if len(ws.Changed) > 0 {
		parts = append(parts, "changed "+strings.Join(ws.Changed, ", "))
	}
	if len(ws.Removed) > 0 {
		parts = append(parts, "removed "+strings.Join(ws.Removed, ", "))
	}
	return strings.Join(parts, "; ")
}

func (c *Console) published(r *http.Request) {
	if c.deps.Published != nil {
		c.deps.Published(r.Context())
	}
}

type versionsData struct {
	Versions []bot.FlowVersion
	Live     int64
	Error    string
}

func (c *Console) versionsPage(w http.ResponseWriter, r *http.Request, s *session) {
	notice := ""
	if n := r.URL.Query().Get("live"); n != "" {
		notice = fmt.Sprintf("Version %s is live. Every server picks it up within a few seconds; texters in the middle of a conversation whose step no longer exists get the menu with a short apology.", n)
	}
	c.showVersions(w, r, s, http.StatusOK, notice, "")
}

func (c *Console) showVersions(w http.ResponseWriter, r *http.Request, s *session, status int, notice, errMsg string) {
	vs, err := c.deps.Store.FlowVersions(r.Context(), 200)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := versionsData{Versions: vs, Error: errMsg}
	if len(vs) > 0 {
		d.Live = vs[0].Number
	}
	c.renderView(w, status, "versions", s, view{Title: "Versions", Notice: notice, Data: d})
}

type versionData struct {
	Version bot.FlowVersion
	Paths   []string
}

func (c *Console) versionPage(w http.ResponseWriter, r *http.Request, s *session) {
	n, _ := strconv.ParseInt(r.PathValue("n"), 10, 64)
	v, err := c.deps.Store.FlowVersion(r.Context(), n)
	if errors.Is(err, bot.ErrNoFlowVersion) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	ws := &workspace{Files: v.Files}
	c.renderView(w, http.StatusOK, "version", s, view{Title: fmt.Sprintf("Version %d", n), Data: versionData{Version: v, Paths: ws.Paths()}})
}

// rollback publishes an earlier version's files again, as a new version, through the same
// checks as a publish (the engine may have changed since).
func (c *Console) rollback(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	n, _ := strconv.ParseInt(r.PathValue("n"), 10, 64)
	old, err := c.deps.Store.FlowVersion(ctx, n)
	if errors.Is(err, bot.ErrNoFlowVersion) {
		http.NotFound(w, r)
		return
	}
	live, err2 := c.deps.Store.CurrentFlows(ctx)
	if err != nil || err2 != nil {
		c.fail(w, r, errors.Join(err, err2))
		return
	}
	if n == live {
		c.showVersions(w, r, s, http.StatusConflict, "", fmt.Sprintf("Version %d is already live.", n))
		return
	}
	if ch := c.check(old.Files); !ch.Publishable() {
		why := fmt.Sprintf("Version %d cannot go live again: %s.", n, ch.Why())
		c.audit(ctx, s.User, "rollback_refused", why)
		c.showVersions(w, r, s, http.StatusUnprocessableEntity, "", why)
		return
	}
	note := fmt.Sprintf("rollback to version %d", n)
	if extra := strings.TrimSpace(r.PostFormValue("note")); extra != "" {
		note += ": " + extra
	}
	m, err := c.deps.Store.PublishFlows(ctx, bot.FlowVersion{Files: old.Files, Author: s.User, Published: c.deps.Clock.Now().UTC(), Note: note}, live)
	if errors.Is(err, bot.ErrStaleFlows) {
		c.showVersions(w, r, s, http.StatusConflict, "", "Another version was published a moment ago; look at the list again.")
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.audit(ctx, s.User, "rollback", fmt.Sprintf("version %d has the files of version %d (live was %d)", m, n, live))
	c.published(r)
	http.Redirect(w, r, fmt.Sprintf("%s/versions?live=%d", Prefix, m), http.StatusSeeOther)
}
