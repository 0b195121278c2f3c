package redis

import (
	"context"
	"reflect"
	"regexp"
	"slices"
	"testing"

	goredis "github.com/redis/go-redis/v9"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
)

// commitProbe decodes a payload exactly as commitScript does (commitPrelude) and returns what it
// read: each key name and key, each argument name and value, then "E", and each effect's sealed
// bytes and "1" when kept.
var commitProbe = goredis.NewScript(commitPrelude + `
local out = {}
for name, k in pairs(K) do out[#out + 1] = 'K.' .. name; out[#out + 1] = k end
for name, v in pairs(A) do out[#out + 1] = 'A.' .. name; out[#out + 1] = v end
for _, e in ipairs(E) do out[#out + 1] = 'E'; out[#out + 1] = e[1]; out[#out + 1] = e[2] and '1' or '0' end
return out
`)

// probe runs commitProbe on p and returns what the script read by name, and its effects.
func probe(t *testing.T, rdb *goredis.Client, p commitPayload) (map[string]string, [][2]string) {
	t.Helper()
	keys, args := p.encode()
	res, err := commitProbe.Run(context.Background(), rdb, keys, args...).StringSlice()
	if err != nil {
		t.Fatalf("probe: %v", err)
	}
	got, effects := map[string]string{}, [][2]string{}
	for i := 0; i < len(res); {
		if res[i] == "E" {
			effects = append(effects, [2]string{res[i+1], res[i+2]})
			i += 3
			continue
		}
		got[res[i]] = res[i+1]
		i += 2
	}
	return got, effects
}

// TestCommitPayload: every field of the payload, set alone, reaches the script under its
// name with its value, and nothing else arrives; a zero value does not arrive at all.
func TestCommitPayload(t *testing.T) {
	srv := redistest.Start(t)
	rdb := goredis.NewClient(&goredis.Options{Addr: srv.Addr()})
	defer rdb.Close()
	typ := reflect.TypeFor[commitPayload]()
	for _, f := range payloadFields {
		field := typ.Field(f.index)
		t.Run(field.Name, func(t *testing.T) {
			var p commitPayload
			v := reflect.ValueOf(&p).Elem().Field(f.index)
			want := ""
			switch v.Kind() {
			case reflect.String:
				want = "value of " + f.name + " \x00\xff"
				if f.key {
					want = "{0}:" + f.name // a key: one slot
				}
				v.SetString(want)
			case reflect.Int64:
				v.SetInt(1764633600123)
				want = "1764633600123"
			case reflect.Bool:
				v.SetBool(true)
				want = "1"
			case reflect.Slice:
				want = "sealed \x00\x01\xfe\xff " + f.name // binary, as sealed values are
				v.SetBytes([]byte(want))
			default:
				t.Fatalf("field %s: kind %s has no encoding", field.Name, v.Kind())
			}
			name := "A." + f.name
			if f.key {
				name = "K." + f.name
			}
			got, _ := probe(t, rdb, p)
			if !reflect.DeepEqual(got, map[string]string{name: want}) {
				t.Errorf("the script read %q, want only %s = %q", got, name, want)
			}
			if got, _ := probe(t, rdb, commitPayload{}); len(got) != 0 {
				t.Errorf("an empty payload: the script read %q, want nothing", got)
			}
		})
	}
}

// TestCommitPayload_effects: effects arrive in order with their kept mark, after every field.
func TestCommitPayload_effects(t *testing.T) {
	srv := redistest.Start(t)
	rdb := goredis.NewClient(&goredis.Options{Addr: srv.Addr()})
	defer rdb.Close()
	p := commitPayload{Session: "{0}:s", Version: 7, Effects: []payloadEffect{
		{Sealed: []byte("first\x00")}, {Sealed: []byte("second\xff"), Kept: true}, {Sealed: []byte("third")}}}
	got, effects := probe(t, rdb, p)
	if got["K.session"] != "{0}:s" || got["A.version"] != "7" {
		t.Errorf("fields: %q", got)
	}
	want := [][2]string{{"first\x00", "0"}, {"second\xff", "1"}, {"third", "0"}}
	if !reflect.DeepEqual(effects, want) {
		t.Errorf("effects %q, want %q", effects, want)
	}
}

// TestCommitScript_readsOnlyPayloadNames: every K.name and A.name commitScript reads is a
// field of commitPayload, and every field is read by it, so a name changed on one side only
// fails here.
func TestCommitScript_readsOnlyPayloadNames(t *testing.T) {
	var fields []string
	for _, f := range payloadFields {
		if f.key {
			fields = append(fields, "K."+f.name)
		} else {
			fields = append(fields, "A."+f.name)
		}
	}
	read := map[string]bool{}
	for _, m := range regexp.MustCompile(`\b([KA]\.[a-z_]+)`).FindAllString(commitLua, -1) {
		read[m] = true
		if !slices.Contains(fields, m) {
			t.Errorf("commitScript reads %s, which commitPayload does not have", m)
		}
	}
	for _, f := range fields {
		if !read[f] {
			t.Errorf("commitPayload has %s, which commitScript never reads", f)
		}
	}
	if n := len(fields); n < 30 {
		t.Errorf("only %d payload fields found: the tags were not read", n)
	}
}
