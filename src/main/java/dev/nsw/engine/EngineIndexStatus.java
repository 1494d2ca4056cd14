package dev.nsw.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an engine index is now, for a front end's index view: its documents, size on disk, shards, replicas and
 * health, and the nodes of its cluster. Read from {@code _cat/indices} and {@code _cluster/health}.
 *
 * @param health {@code green} (every copy allocated), {@code yellow} (a replica missing: one more node loss may lose
 *     data) or {@code red} (a primary missing: searches miss documents)
 * @param storeBytes primaries and replicas together
 * @param unassignedShards copies the cluster could not place (a node down, or too few nodes for the replicas)
 */
public record EngineIndexStatus(
        String index,
        String health,
        long documents,
        long storeBytes,
        int primaryShards,
        int replicas,
        int activeShards,
        int unassignedShards,
        int nodes,
        EngineIndex.Meta meta) {

    /**
     * The status of {@code index}.
     *
     * @throws EngineIndexNotFoundException when there is no such index
     * @throws EngineUnavailableException when no node answers
     */
    public static EngineIndexStatus of(EngineClient client, String index) {
        EngineIndex.Meta meta = EngineIndex.meta(client, index); // one line when missing or not nsw's
        String name = EngineIndex.encode(index);
        JsonNode cat = client.require(
                        client.get("/_cat/indices/" + name + "?format=json&bytes=b"), "reading index '" + index + "'")
                .body()
                .path(0);
        JsonNode health = client.require(
                        client.get("/_cluster/health/" + name), "reading the health of index '" + index + "'")
                .body();
        return new EngineIndexStatus(
                index,
                health.path("status").asText(cat.path("health").asText("unknown")),
                cat.path("docs.count").asLong(),
                cat.path("store.size").asLong(),
                cat.path("pri").asInt(),
                cat.path("rep").asInt(),
                health.path("active_shards").asInt(),
                health.path("unassigned_shards").asInt(),
                health.path("number_of_nodes").asInt(),
                meta);
    }
}
