package dev.slimline.api;

import dev.slimline.auth.Caller;
import dev.slimline.auth.Role;
import dev.slimline.auth.TokenStore;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.EnumSet;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Token management, for admins: create (the secret is shown once), list, read, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final TokenStore tokens;

    TokenController(TokenStore tokens) {
        this.tokens = tokens;
    }

    @PostMapping(consumes = JSON, produces = JSON)
    ResponseEntity<TokenView> create(@Valid @RequestBody TokenRequest request,
            @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.ADMIN);
        if (TokenStore.isReserved(request.name())) {
            throw new InvalidRequestException("name", "is reserved: " + Caller.ANONYMOUS + " owns the jobs submitted"
                    + " while auth is off, bootstrap is the configured admin token");
        }
        TokenStore.Issued issued = tokens.create(request.name(), EnumSet.copyOf(request.roles()), caller.name());
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create(TokenView.path(issued.token().id())))
                .header("Cache-Control", "no-store").body(TokenView.of(issued.token(), issued.secret()));
    }

    @GetMapping(produces = JSON)
    TokenView.Listing list(@RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.ADMIN);
        return new TokenView.Listing(tokens.list().stream().map(token -> TokenView.of(token, null)).toList());
    }

    @GetMapping(path = "/{id}", produces = JSON)
    TokenView get(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.ADMIN);
        return TokenView.of(tokens.find(id).orElseThrow(() -> new TokenNotFoundException(id)), null);
    }

    /** Revokes the token at once, on every instance (tokens are checked against the database on each request). */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        caller.require(Role.ADMIN);
        if (!tokens.revoke(id)) {
            throw new TokenNotFoundException(id);
        }
        return ResponseEntity.noContent().build();
    }
}
