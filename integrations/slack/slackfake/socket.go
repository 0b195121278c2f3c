package slackfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// socket is the fake's Socket Mode websocket: it greets a client with "hello", sends the
// envelopes a test pushes, and records the acknowledgements.
type socket struct {
	mu    sync.Mutex
	conn  *websocket.Conn
	ready chan struct{}
	acks  map[string]json.RawMessage // envelope id -> ack payload
	ackCh chan string
	n     int
}

func newSocket() *socket {
	return &socket{ready: make(chan struct{}), acks: map[string]json.RawMessage{}, ackCh: make(chan string, 64)}
}

// The Socket Mode client dials with Origin https://api.slack.com.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

func (s *socket) serve(w http.ResponseWriter, r *http.Request) {
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	_ = c.WriteJSON(map[string]any{"type": "hello", "num_connections": 1,
		"connection_info": map[string]any{"app_id": "A0FRONTDOOR"}})
	s.mu.Lock()
	first := s.conn == nil
	s.conn = c
	s.mu.Unlock()
	if first {
		close(s.ready)
	}
	for {
		var ack struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if err := c.ReadJSON(&ack); err != nil {
			return
		}
		s.mu.Lock()
		s.acks[ack.EnvelopeID] = ack.Payload
		s.mu.Unlock()
		s.ackCh <- ack.EnvelopeID
	}
}

// SendSocket pushes an envelope of type typ ("events_api", "interactive", "slash_commands")
// once a client is connected, and returns its envelope id.
func (s *Server) SendSocket(typ string, payload any) (string, error) {
	select {
	case <-s.socket.ready:
	case <-time.After(10 * time.Second):
		return "", fmt.Errorf("slackfake: no Socket Mode client connected")
	}
	k := s.socket
	k.mu.Lock()
	defer k.mu.Unlock()
	k.n++
	id := fmt.Sprintf("env-%d", k.n)
	b, err := json.Marshal(payload)
	if err != nil {
		return "", err
	}
	return id, k.conn.WriteJSON(map[string]any{"type": typ, "envelope_id": id, "payload": json.RawMessage(b),
		"accepts_response_payload": typ != "events_api"})
}

// WaitAck waits for the client to acknowledge envelope id and returns the ack's payload.
func (s *Server) WaitAck(id string) (json.RawMessage, error) {
	deadline := time.After(10 * time.Second)
	for {
		s.socket.mu.Lock()
		p, ok := s.socket.acks[id]
		s.socket.mu.Unlock()
		if ok {
			return p, nil
		}
		select {
		case <-s.socket.ackCh:
		case <-deadline:
			return nil, fmt.Errorf("slackfake: envelope %s was not acknowledged", id)
		}
	}
}
