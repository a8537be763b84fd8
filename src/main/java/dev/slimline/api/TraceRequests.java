package dev.slimline.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * TRACE is answered like any method no operation has: 405 as a problem, with the path's own Allow
 * header. Tomcat refuses TRACE itself by default, and that refusal ends in Spring Boot's error page
 * (plain JSON, every method of the servlet in Allow); so Tomcat lets it through here, and the
 * dispatcher hands it to Spring MVC, which has no handler for it.
 */
@Configuration(proxyBeanMethods = false)
class TraceRequests {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> traceReachesTheApplication() {
        return factory -> factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
    }

    /** Spring Boot's dispatcher servlet, set up as Boot does, with the TRACE handling above. */
    @Bean(name = DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME)
    DispatcherServlet dispatcherServlet(WebMvcProperties mvc) {
        DispatcherServlet servlet = new TraceHandlingDispatcherServlet();
        servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
        servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
        servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
        return servlet;
    }

    /**
     * Sends TRACE through the handlers only. The stock servlet, even when told to dispatch TRACE,
     * echoes the request after a handler's answer unless that answer is {@code message/http}.
     */
    static final class TraceHandlingDispatcherServlet extends DispatcherServlet {

        @Override
        protected void doTrace(HttpServletRequest request, HttpServletResponse response)
                throws ServletException, IOException {
            processRequest(request, response);
        }
    }
}
