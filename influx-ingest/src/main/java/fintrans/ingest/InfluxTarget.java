package fintrans.ingest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.BatchPoints;
import org.influxdb.dto.Point;
import org.influxdb.dto.Query;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fintrans.common.ValueText;
import okhttp3.OkHttpClient;

/**
 * The InfluxDB 1.x database the points go to: creates the database and the retention policy
 * {@value #RETENTION_POLICY}, and writes batches synchronously into that policy with nanosecond
 * precision. influxdb-java's asynchronous batch mode is not used, because its default handler drops a
 * batch that fails, and the ingester must keep it until InfluxDB accepts it.
 *
 * <p>Not thread-safe; the ingester's consumer thread calls it.
 */
public final class InfluxTarget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxTarget.class);

    /** The retention policy the points are written to, created as the database's default. */
    public static final String RETENTION_POLICY = "fintrans_recent";

    private final InfluxDB client;
    private final String url;
    private final Optional<String> user;
    private final String database;
    private final RetentionDuration retention;

    /**
     * @param url used in log lines only; give it with {@link #redactUrl} applied when it can contain a password
     * @param user the user name the client sends, for log lines; empty when it sends no credentials
     */
    public InfluxTarget(InfluxDB client, String url, Optional<String> user, String database,
            RetentionDuration retention) {
        this.client = client;
        this.url = url;
        this.user = user;
        this.database = database;
        this.retention = retention;
    }

    /**
     * Creates an influxdb-java client for {@code url} that trusts the JVM's default certificates; sends
     * credentials only when {@code user} is given. No request is sent yet.
     */
    public static InfluxDB connect(String url, Optional<String> user, Optional<String> password) {
        return connect(url, user, password, Optional.empty());
    }

    /**
     * Creates an influxdb-java client for {@code url}; sends credentials only when {@code user} is given.
     * With {@code trusted}, an {@code https} server's certificate must chain to one of its certificates
     * instead of the JVM's default trust store. No request is sent yet.
     */
    public static InfluxDB connect(String url, Optional<String> user, Optional<String> password,
            Optional<TrustedCertificates> trusted) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                // An unreachable server fails within 5 s instead of 10 s, so retries and rate lines keep going.
                .connectTimeout(5, TimeUnit.SECONDS)
                // Longer than InfluxDB's default write-timeout of 10 s, so that its "timeout" response arrives first.
                .readTimeout(15, TimeUnit.SECONDS)
                .writeTimeout(15, TimeUnit.SECONDS)
                // Without TCP_NODELAY each write request waits for a delayed ACK; see NoDelaySocketFactory.
                .socketFactory(new NoDelaySocketFactory());
        trusted.ifPresent(certificates -> http.sslSocketFactory(certificates.socketFactory(),
                certificates.trustManager()));
        if (user.isPresent()) {
            return InfluxDBFactory.connect(url, user.get(), password.orElse(""), http);
        }
        return InfluxDBFactory.connect(url, http);
    }

    /** Returns {@code url} without the user information that a URL such as {@code http://user:secret@host} contains. */
    public static String redactUrl(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getRawPath(), null, null).toString();
        } catch (URISyntaxException e) {
            return "(an invalid URL)";
        }
    }

    public String database() {
        return database;
    }

    public RetentionDuration retention() {
        return retention;
    }

    /** "user NAME" or "no user", for log lines; never the password. */
    public String userDescription() {
        return user.map(name -> "user " + name).orElse("no user");
    }

    /** Returns the server URL for log lines, without credentials. */
    public String url() {
        return url;
    }

    /**
     * Creates the database when it is missing, and makes {@value #RETENTION_POLICY} its default retention
     * policy with the configured duration: created when missing, altered when its duration differs or it
     * is not the default.
     *
     * @throws InfluxDBException when InfluxDB is unreachable or rejects the request as a whole, for
     *     example for invalid credentials
     * @throws InfluxSetupException when InfluxDB rejects a statement or sends an unexpected response
     */
    public void prepareSchema() {
        String showDatabases = "SHOW DATABASES";
        List<String> databases = QueryResponses.databaseNames(client.query(new Query(showDatabases)), showDatabases);
        if (!databases.contains(database)) {
            run("CREATE DATABASE " + quote(database));
            LOG.info("Created database {} in InfluxDB at {}", database, url);
        }

        String showPolicies = "SHOW RETENTION POLICIES ON " + quote(database);
        Optional<QueryResponses.RetentionPolicyRow> existing = QueryResponses.retentionPolicy(
                client.query(new Query(showPolicies)), showPolicies, RETENTION_POLICY);
        if (existing.isEmpty()) {
            // REPLICATION 1: open-source InfluxDB runs on one node and keeps one copy of each shard.
            run("CREATE RETENTION POLICY " + quote(RETENTION_POLICY) + " ON " + quote(database)
                    + " DURATION " + retention.toInfluxQl() + " REPLICATION 1 DEFAULT");
            LOG.info("Created retention policy {} on database {} with duration {} as the default", RETENTION_POLICY,
                    database, retention);
            return;
        }
        alterIfDifferent(existing.get());
    }

    private void alterIfDifferent(QueryResponses.RetentionPolicyRow existing) {
        Optional<RetentionDuration> shownDuration = RetentionDuration.parseShown(existing.duration());
        boolean durationDiffers = !shownDuration.equals(Optional.of(retention));
        if (!durationDiffers && existing.isDefault()) {
            LOG.info("Retention policy {} on database {} exists with duration {} as the default", RETENTION_POLICY,
                    database, retention);
            return;
        }

        StringBuilder statement = new StringBuilder("ALTER RETENTION POLICY ").append(quote(RETENTION_POLICY))
                .append(" ON ").append(quote(database));
        if (durationDiffers) {
            statement.append(" DURATION ").append(retention.toInfluxQl());
            // InfluxDB rejects a duration shorter than the shard group duration, so a shorter policy also
            // gets the shard group duration InfluxDB would pick for it.
            Optional<RetentionDuration> shardDuration = RetentionDuration.parseShown(existing.shardGroupDuration());
            if (!retention.isInfinite() && (shardDuration.isEmpty()
                    || shardDuration.get().isInfinite()
                    || shardDuration.get().duration().compareTo(retention.duration()) > 0)) {
                statement.append(" SHARD DURATION ").append(retention.defaultShardGroupDuration().toInfluxQl());
            }
        }
        statement.append(" DEFAULT");
        run(statement.toString());

        if (durationDiffers) {
            LOG.warn("Changed the duration of retention policy {} on database {} from {} to {}{}", RETENTION_POLICY,
                    database, existing.duration(), retention, existing.isDefault() ? "" : " and made it the default");
        } else {
            LOG.warn("Made retention policy {} the default of database {}, where another policy was the default",
                    RETENTION_POLICY, database);
        }
    }

    /**
     * Writes {@code points} as one request.
     *
     * @return {@link WriteResult.Written}, or what went wrong, grouped by what the caller does next
     */
    public WriteResult write(List<Point> points) {
        BatchPoints batch = BatchPoints.database(database)
                .retentionPolicy(RETENTION_POLICY)
                .precision(TimeUnit.NANOSECONDS)
                .points(points)
                .build();
        try {
            client.write(batch);
            return new WriteResult.Written(points.size());
        } catch (InfluxDBException e) {
            return WriteResult.of(e, points.size());
        } catch (RuntimeException e) {
            // For example an OkHttp failure that influxdb-java does not wrap; the next attempt may work.
            return new WriteResult.Failed(InfluxErrors.clean(e.toString()), false);
        }
    }

    /** Closes the HTTP client, whose threads would otherwise keep the JVM running. */
    @Override
    public void close() {
        client.close();
    }

    private void run(String statement) {
        // true: InfluxDB accepts statements that change data or schema only as POST.
        QueryResponses.singleResult(client.query(new Query(statement, null, true)), statement);
    }

    /** Quotes an InfluxQL identifier; {@link #checkDatabaseName} keeps backslashes out of database names. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Checks a database name against InfluxDB 1.x's rules: not empty, not {@code .} or {@code ..}, printable
     * characters only, and no {@code /} or {@code \}.
     *
     * @throws IllegalArgumentException naming the name and the rule it breaks
     */
    public static void checkDatabaseName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("the database name is empty");
        }
        if (name.equals(".") || name.equals("..") || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("the database name '" + name + "' is invalid: InfluxDB rejects "
                    + "'.', '..' and names that contain '/' or '\\'");
        }
        if (!name.codePoints().allMatch(c -> !Character.isISOControl(c) && Character.isDefined(c))) {
            throw new IllegalArgumentException("the database name " + ValueText.quote(name)
                    + " contains characters that are not printable");
        }
    }
}
