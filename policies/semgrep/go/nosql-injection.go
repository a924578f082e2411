package main

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
	"go.mongodb.org/mongo-driver/bson"
	"go.mongodb.org/mongo-driver/mongo"
)

var coll *mongo.Collection

func whereFilter(w http.ResponseWriter, r *http.Request) {
	expr := r.URL.Query().Get("expr")
	// ruleid: go-nosql-injection
	cur, err := coll.Find(r.Context(), bson.M{"$where": "this.owner == '" + expr + "'"})
	_, _ = cur, err
}

func whereD(c *gin.Context) {
	// ruleid: go-nosql-injection
	coll.FindOne(context.TODO(), bson.D{{"$where", c.Query("js")}})
}

func rawFilter(w http.ResponseWriter, r *http.Request) {
	var filter bson.M
	if err := json.NewDecoder(r.Body).Decode(&filter); err != nil {
		return
	}
	// ruleid: go-nosql-injection
	coll.Find(r.Context(), filter)
}

func typedFilter(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: go-nosql-injection
	coll.Find(r.Context(), bson.M{"name": name})
	// ok: go-nosql-injection
	coll.FindOne(r.Context(), bson.D{{"name", name}})
}

func constantWhere(ctx context.Context) {
	// ok: go-nosql-injection
	coll.Find(ctx, bson.M{"$where": "this.a > this.b"})
}
