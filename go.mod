module github.com/nhttf/frontdoor

go 1.26

require (
	github.com/looplab/fsm v1.0.3
	github.com/slack-go/slack v0.35.0
	go.yaml.in/yaml/v3 v3.0.6
)

require github.com/gorilla/websocket v1.5.3 // indirect
