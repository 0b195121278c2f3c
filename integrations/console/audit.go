package console

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// auditShown is how many entries the audit page shows; the export has them all.
const auditShown = 500

// auditWords say what each recorded action was, for people: the store and the export keep the
// stable names, the page and the export's "what" column show these.
var auditWords = map[string]string{
	"sign_in":          "Signed in",
	"sign_in_failed":   "Sign-in failed",
	"sign_in_refused":  "Sign-in refused",
	"account_locked":   "Account locked",
	"sign_out":         "Signed out",
	"draft_started":    "Started a draft",
	"draft_saved":      "Saved a draft",
	"file_created":     "Added a file to a draft",
	"file_deleted":     "Deleted a file in a draft",
	"draft_discarded":  "Discarded a draft",
	"draft_updated":    "Brought a draft onto the live version",
	"publish":          "Published a version",
	"publish_refused":  "Publishing refused",
	"rollback":         "Rolled back",
	"rollback_refused": "Rollback refused",
	"audit_exported":   "Exported the audit log",
	"tips_export":      "Exported tips",
	"handoffs_export":  "Exported the closed conversations",
	"tips_purge":       "Deleted old tips",
}

// auditWhat says what an action was in words; an action this version does not know is shown
// with its underscores as spaces.
func auditWhat(action string) string {
	if w, ok := auditWords[action]; ok {
		return w
	}
	return capitalise(strings.ReplaceAll(action, "_", " "))
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (c *Console) auditPage(w http.ResponseWriter, r *http.Request, s *session) {
	es, err := c.deps.Store.AuditEntries(r.Context(), auditShown)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "audit", s, "Audit log", es)
}

// auditExport downloads the whole audit log as CSV or JSON; the export is itself recorded.
func (c *Console) auditExport(w http.ResponseWriter, r *http.Request, s *session) {
	es, err := c.deps.Store.AuditEntries(r.Context(), bot.AuditKeep)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	c.audit(r.Context(), s.User, "audit_exported", fmt.Sprintf("%d entries as %s", len(es), format))
	name := "frontdoor-audit-" + c.now().Format("20060102-1504")
	if format == "json" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.json"`)
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(es)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	cw := csv.NewWriter(w)
	cw.Write([]string{"at", "who", "action", "detail", "what"})
	for _, e := range es {
		cw.Write([]string{e.At.UTC().Format(time.RFC3339), cell(e.Who), cell(e.Action), cell(e.Detail), auditWhat(e.Action)})
	}
	cw.Flush()
}

// cell keeps a spreadsheet from reading a value as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
