package vn.gov.ndxp.adapters.sandbox.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox's SFTP server (Apache MINA SSHD) for file-drop adapters whose legacy system delivers
 * by SFTP: loopback only, one user with a password, its files under {@code root}. Tests use it too.
 */
public class SandboxSftpServer {

    private static final Logger LOG = LoggerFactory.getLogger("SANDBOX");

    private final SshServer server = SshServer.setUpDefaultServer();
    private final Path root;

    public SandboxSftpServer(int port, Path root, String user, String password) {
        this.root = root.toAbsolutePath();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(this.root.resolveSibling("sftp-host.key")));
        server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password.equals(p));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
    }

    public void start() throws IOException {
        Files.createDirectories(root);
        server.start();
        LOG.info("SANDBOX SFTP server on 127.0.0.1:{} (files in {})", server.getPort(), root);
    }

    public void stop() throws IOException {
        server.stop(true);
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }
}
