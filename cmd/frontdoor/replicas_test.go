package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/integrations/redis/redistest"
	"github.com/nhttf/frontdoor/integrations/twilio"
	"github.com/nhttf/frontdoor/integrations/twilio/twiliotest"
)

// replica is one `frontdoor serve` process.
type replica struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	base string
	dead atomic.Bool
}

// buildBinary builds cmd/frontdoor once for the test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "frontdoor")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startReplica runs the binary with env and waits until it listens and is healthy.
func startReplica(t *testing.T, bin string, env map[string]string) *replica {
	t.Helper()
	r := &replica{logs: &syncBuffer{}}
	r.cmd = exec.Command(bin, "serve")
	r.cmd.Env = []string{"PATH=" + os.Getenv("PATH")}
	for k, v := range env {
		r.cmd.Env = append(r.cmd.Env, k+"="+v)
	}
	r.cmd.Stderr = r.logs
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if !r.dead.Load() {
			r.cmd.Process.Signal(syscall.SIGTERM)
			r.cmd.Wait()
		}
	})
	client := &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: 2 * time.Second}
	waitFor(t, "a replica to listen", func() bool {
		if r.base = listeningAddr(r.logs.String()); r.base == "" {
			return false
		}
		resp, err := client.Get(r.base + "/readyz")
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode == 200
	})
	return r
}

// kill ends the replica at once, as a crash would.
func (r *replica) kill() {
	r.dead.Store(true)
	r.cmd.Process.Kill()
	r.cmd.Wait()
}

var tipCodeRE = regexp.MustCompile(`"tip_code":"(TIP-[0-9A-Z]{6})"`)

// appliedTips counts, per tip code, how often the replicas' workers applied it.
func appliedTips(reps []*replica) map[string]int {
	counts := map[string]int{}
	for _, r := range reps {
		sc := bufio.NewScanner(strings.NewReader(r.logs.String()))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var rec struct{ Msg string }
			if json.Unmarshal(sc.Bytes(), &rec) == nil && rec.Msg == "tip submitted" {
				if m := tipCodeRE.FindSubmatch(sc.Bytes()); m != nil {
					counts[string(m[1])]++
				}
			}
		}
	}
	return counts
}

// TestReplicas runs three serve processes on one real Redis with 200 texters whose messages are
// spread round-robin over the replicas, kills one replica mid-run, and checks that every
// conversation ends right and every tip is applied, by the survivors if need be.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three processes")
	}
	srv := redistest.Start(t)
	fake := twiliotest.NewServer()
	defer fake.Close()
	bin := buildBinary(t)
	env := productionEnv(fake)
	env["REDIS_URL"] = srv.URL()
	env["FRONTDOOR_ADDR"] = "127.0.0.1:0"
	env["FRONTDOOR_LOG_LEVEL"] = "info"
	env["FRONTDOOR_OUTBOX_MIN_IDLE"] = "5s"
	reps := []*replica{startReplica(t, bin, env), startReplica(t, bin, env), startReplica(t, bin, env)}

	walk := []string{"hi", "2", "Houston, TX", "saw something at the motel", "today", "none", "no", "1"}
	const texters = 200
	total := int64(texters * len(walk))
	var sent atomic.Int64
	var killOnce sync.Once
	client := &http.Client{Transport: twiliotest.LoopbackOnly{}, Timeout: 10 * time.Second}
	codes := make([]string, texters)
	var wg sync.WaitGroup
	for i := range texters {
		wg.Go(func() {
			from := fmt.Sprintf("+1555%07d", 3000000+i)
			for j, body := range walk {
				if sent.Add(1) == total*19/20 { // while tips are being submitted
					killOnce.Do(reps[2].kill)
				}
				replies, err := postSMS(client, reps, i+j, fmt.Sprintf("SMr%03d%02d", i, j), from, body)
				if err != nil {
					t.Errorf("texter %d step %d: %v", i, j, err)
					return
				}
				if j == len(walk)-1 {
					codes[i] = receiptCode(replies)
				}
			}
		})
	}
	wg.Wait()
	if !reps[2].dead.Load() {
		t.Fatal("replica 2 was never killed")
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if c == "" || seen[c] {
			t.Fatalf("texter %d got receipt code %q (missing or repeated)", i, c)
		}
		seen[c] = true
	}
	waitFor(t, "every tip to be applied", func() bool { return len(appliedTips(reps)) >= texters })
	for code, n := range appliedTips(reps) {
		if !seen[code] {
			t.Errorf("a tip %s was applied that no texter was given", code)
		}
		if n > 1 && !strings.Contains(reps[2].logs.String(), code) {
			t.Errorf("tip %s applied %d times by the survivors", code, n)
		}
	}
	byKilled := len(appliedTips(reps[2:]))
	t.Logf("tips applied: %d by the killed replica before it died, %d by the survivors", byKilled, len(appliedTips(reps[:2])))
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("the Twilio REST API got %d requests; answers go as TwiML", n)
	}
	for _, r := range reps {
		assertNoCanary(t, r.logs.String())
		if strings.Contains(r.logs.String(), "+1555") {
			t.Error("a replica logged a phone number")
		}
	}
}

// postSMS sends a signed webhook to replica k (mod the live ones), as a load balancer would.
func postSMS(client *http.Client, reps []*replica, k int, sid, from, body string) ([]string, error) {
	for range len(reps) {
		r := reps[k%len(reps)]
		k++
		if r.dead.Load() {
			continue
		}
		form := url.Values{"MessageSid": {sid}, "From": {from}, "To": {"+15550199999"}, "Body": {body}, "NumMedia": {"0"}}
		req, _ := http.NewRequest(http.MethodPost, r.base+"/twilio/sms", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set(twilio.SignatureHeader, twilio.Sign(e2eToken, e2ePublic+"/twilio/sms", form))
		resp, err := client.Do(req)
		if err != nil {
			if r.dead.Load() {
				continue // killed while we asked: the load balancer retries elsewhere
			}
			return nil, err
		}
		replies, err := readTwiML(resp)
		if err != nil {
			return nil, err
		}
		return replies, nil
	}
	return nil, fmt.Errorf("no replica alive")
}
