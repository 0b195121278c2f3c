module github.com/nhttf/frontdoor

go 1.26

require (
	github.com/looplab/fsm v1.0.3
	go.yaml.in/yaml/v3 v3.0.6
)
