package dev.slimline.job;

import dev.slimline.SlimlineProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encrypts jobs' registry credentials for the database: AES-256-GCM with a random 96-bit nonce,
 * the job's id as associated data (a ciphertext copied to another job's row does not decrypt),
 * stored as {@code v1:<key id>:<nonce>:<ciphertext>}. The key is {@code slimline.secrets.key}, or
 * else the file {@code secrets.key} in the data directory, made (mode 0600) on first start.
 *
 * <p>The trade-off of the key file: nothing to configure, and a copy of the database alone
 * (a PostgreSQL dump or backup) does not reveal credentials; but whoever can read the data
 * directory has the key as well, and with the embedded H2 database both live there. In
 * production set {@code slimline.secrets.key} from a secret store, and back it up: credentials
 * encrypted under a lost key are lost, and their jobs fail with a reason saying so.
 *
 * <p>The encryption key, the key for {@link #fingerprint} and the key id are each derived from the
 * configured key with HMAC-SHA256 under their own label, so no two uses share a key.
 */
@Component
public class CredentialVault {

    static final String KEY_FILE = "secrets.key";
    static final int KEY_BYTES = 32;
    private static final String FORMAT = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Logger log = LoggerFactory.getLogger(CredentialVault.class);

    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec fingerprintKey;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    CredentialVault(SecretsProperties secrets, SlimlineProperties slimline) {
        this(masterKey(secrets.key(), slimline.dataDir()));
    }

    CredentialVault(byte[] masterKey) {
        this.encryptionKey = new SecretKeySpec(derive(masterKey, "slimline credentials encryption v1"), "AES");
        this.fingerprintKey = new SecretKeySpec(derive(masterKey, "slimline credentials fingerprint v1"),
                "HmacSHA256");
        this.keyId = HexFormat.of().formatHex(Arrays.copyOf(derive(masterKey, "slimline key id v1"), 8));
    }

    /** A short name of the key, safe to show: it tells keys apart and reveals nothing of them. */
    String keyId() {
        return keyId;
    }

    String seal(String jobId, JobCredentials credentials) {
        return encrypt(jobId.getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(credentials));
    }

    /** @throws CredentialsUnavailableException when they cannot be decrypted, with the reason */
    JobCredentials open(String jobId, String stored) {
        return json.readValue(decrypt(jobId.getBytes(StandardCharsets.UTF_8), stored, "registry credentials"),
                JobCredentials.class);
    }

    /**
     * Seals another write-only secret of a job (a webhook's) under the same key, with the job's id
     * and {@code purpose} as associated data: it decrypts for that job and purpose only.
     */
    public String sealSecret(String jobId, String purpose, String secret) {
        return encrypt(secretContext(jobId, purpose), secret.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws CredentialsUnavailableException when it cannot be decrypted, with the reason */
    public String openSecret(String jobId, String purpose, String sealed) {
        return new String(decrypt(secretContext(jobId, purpose), sealed, purpose), StandardCharsets.UTF_8);
    }

    private static byte[] secretContext(String jobId, String purpose) {
        return (purpose + "\n" + jobId).getBytes(StandardCharsets.UTF_8);
    }

    private String encrypt(byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            Base64.Encoder base64 = Base64.getEncoder();
            return FORMAT + ":" + keyId + ":" + base64.encodeToString(nonce) + ":" + base64.encodeToString(sealed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private byte[] decrypt(byte[] associatedData, String stored, String what) {
        String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(FORMAT)) {
            throw new CredentialsUnavailableException("the job's " + what + " are stored in a form this"
                    + " version cannot read; submit the job again");
        }
        if (!parts[1].equals(keyId)) {
            throw new CredentialsUnavailableException("the job's " + what + " were encrypted under another"
                    + " key (key id " + parts[1] + "; this instance has " + keyId + "): slimline.secrets.key, or the"
                    + " key file in the data directory, changed since the job was submitted; submit the job again");
        }
        try {
            Base64.Decoder base64 = Base64.getDecoder();
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, base64.decode(parts[2])));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(base64.decode(parts[3]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CredentialsUnavailableException("the job's " + what + " do not decrypt with key "
                    + keyId + " (they were altered, or belong to another job); submit the job again");
        }
    }

    /**
     * A keyed hash of the credentials, for comparing an idempotent retry with the request that
     * created the job: keyed, so the stored value gives nobody a way to test password guesses.
     */
    String fingerprint(JobCredentials credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(fingerprintKey);
            return HexFormat.of().formatHex(mac.doFinal(json.writeValueAsBytes(credentials)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static byte[] derive(byte[] masterKey, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /** The configured key, or the key file's (made when missing). Messages never show a key. */
    static byte[] masterKey(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured, "slimline.secrets.key");
        }
        Path file = dataDir.resolve(KEY_FILE).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                create(file);
            }
            warnIfOthersCanRead(file);
            return decode(Files.readString(file, StandardCharsets.US_ASCII), "the key file " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the key for registry credentials, " + file, e);
        }
    }

    /** Written to a private temporary file first, then linked into place: a racing instance sees all of it or none. */
    private static void create(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        Path temporary = file.resolveSibling(KEY_FILE + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.createFile(temporary,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temporary);
        }
        try {
            Files.writeString(temporary, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            log.info("Made the key for registry credentials: {} (mode 0600). Back it up, or set slimline.secrets.key"
                    + " instead: credentials encrypted under a lost key cannot be used", file);
        } catch (FileAlreadyExistsException e) {
            // another instance sharing the data directory made it first
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void warnIfOthersCanRead(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            log.warn("The key for registry credentials, {}, can be read by other users ({}); make it 0600", file,
                    PosixFilePermissions.toString(permissions));
        }
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + " is not base64; it must be " + KEY_BYTES
                    + " random bytes in base64 (for example the output of: openssl rand -base64 32)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(where + " decodes to " + key.length + " bytes; it must be " + KEY_BYTES
                    + " random bytes in base64 (for example the output of: openssl rand -base64 32)");
        }
        return key;
    }
}
