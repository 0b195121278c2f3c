package main

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// TestBackendCapabilities: both stores fill every capability of the backend (but the backlog,
// which the in-memory store does not keep, and upkeep, which Redis does not need), so no part of
// serve is left to find one by asking the store what else it is.
func TestBackendCapabilities(t *testing.T) {
	keys := mustKeys(t, "backend-secret-0123456789abcdef-0123456789")
	clock := bot.ClockFunc(time.Now)
	mem, err := openStore(context.Background(), Config{}, keys, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	emptyFields(t, "memory", mem, "Backlog")
	rs, err := openStore(context.Background(), Config{RedisURL: redistest.URL(t)}, keys, clock, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	emptyFields(t, "redis", rs, "Run", "InMemory")
}

// emptyFields fails the test for each zero field of b but those allowed.
func emptyFields(t *testing.T, name string, b *backend, allowed ...string) {
	t.Helper()
	v := reflect.ValueOf(b).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i).Name
		if v.Field(i).IsZero() && !slices.Contains(allowed, f) {
			t.Errorf("the %s backend leaves %s empty", name, f)
		}
	}
}
