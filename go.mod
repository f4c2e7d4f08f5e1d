module github.com/accueil/accueil

go 1.26.0

require (
	github.com/makiuchi-d/gozxing v0.1.1
	github.com/mattn/go-sqlite3 v1.14.53
	golang.org/x/text v0.44.0
)

require (
	fyne.io/fyne/v2 v2.7.1
	github.com/gorilla/websocket v1.5.3
	golang.org/x/xerrors v0.0.0-20200804184101-5ec99f83aff1 // indirect
)
