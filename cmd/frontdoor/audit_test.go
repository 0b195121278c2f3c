package main

import (
	"context"
	"strings"
	"testing"

	goredis "github.com/redis/go-redis/v9"
)

// TestAuditFailures: when the audit log cannot be written (here its key holds the wrong type),
// tips export refuses to write anything, and tips purge and flows publish, whose work is done,
// say the audit log does not record it and exit 1.
func TestAuditFailures(t *testing.T) {
	url, secret := exportFixture(t)
	o, err := goredis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	c := goredis.NewClient(o)
	defer c.Close()
	if err := c.Set(context.Background(), "fd:{flows}:audit", "not a list", 0).Err(); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"REDIS_URL": url, "FRONTDOOR_SECRET": secret}
	code, out, errOut := runCLI(t, env, "", "tips", "export", "--since", "2026-03-02")
	if code != 1 || out != "" || !strings.Contains(errOut, "not exported: the audit log could not be written") {
		t.Errorf("export without an audit record: exit %d, %d bytes out\n%s", code, len(out), errOut)
	}
	code, out, errOut = runCLI(t, env, "", "tips", "purge", "--older-than", "2h")
	if code != 1 || !strings.Contains(out, "deleted") || !strings.Contains(errOut, "the tips were deleted, but the audit log could not be written") {
		t.Errorf("purge without an audit record: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, env, "", "flows", "publish", copyBuiltin(t))
	if code != 1 || !strings.Contains(out, "published version") || !strings.Contains(errOut, "was published, but the audit log could not be written") {
		t.Errorf("publish without an audit record: exit %d\n%s%s", code, out, errOut)
	}
}
