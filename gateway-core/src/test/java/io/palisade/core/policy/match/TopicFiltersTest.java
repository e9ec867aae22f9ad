package io.palisade.core.policy.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicFiltersTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            sport/tennis/player1     | sport/tennis/player1           | true
            sport/tennis/player1     | sport/tennis/player2           | false
            sport/tennis/player1/#   | sport/tennis/player1           | true
            sport/tennis/player1/#   | sport/tennis/player1/ranking   | true
            sport/tennis/player1/#   | sport/tennis/player1/score/wimbledon | true
            sport/#                  | sport                          | true
            sport/#                  | sports                         | false
            #                        | sport/tennis                   | true
            #                        | /                              | true
            sport/tennis/+           | sport/tennis/player1           | true
            sport/tennis/+           | sport/tennis/player1/ranking   | false
            sport/tennis/+           | sport/tennis                   | false
            sport/tennis/+           | sport/tennis/                  | true
            sport/+                  | sport/                         | true
            sport/+                  | sport                          | false
            +/+                      | /finance                       | true
            /+                       | /finance                       | true
            +                        | /finance                       | false
            +                        | finance                        | true
            +/tennis/#               | sport/tennis                   | true
            #                        | $SYS/broker/load               | false
            +/monitor/Clients        | $SYS/monitor/Clients           | false
            $SYS/#                   | $SYS/monitor/Clients           | true
            $SYS/monitor/+           | $SYS/monitor/Clients           | true
            +/x                      | $SYS/x                         | false
            a/+/c                    | a//c                           | true
            a//c                     | a//c                           | true
            a//c                     | a/b/c                          | false
            Sport                    | sport                          | false
            """)
    void matchesLikeTheMqttSpecification(String filter, String topic, boolean expected) {
        assertThat(TopicFilters.matches(TopicFilters.levels(filter), topic)).isEqualTo(expected);
        TopicTrie<String> trie = new TopicTrie<>();
        trie.add(TopicFilters.levels(filter), filter);
        assertThat(trie.matching(topic)).isEqualTo(expected ? List.of(filter) : List.of());
    }

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            devices/d1/commands/#   | devices/d1/commands/#        | true
            devices/d1/commands/#   | devices/d1/commands/+        | true
            devices/d1/commands/#   | devices/d1/commands          | true
            devices/d1/commands/#   | devices/d1/commands/x/y      | true
            devices/d1/commands/#   | devices/d1/#                 | false
            devices/d1/commands/#   | devices/+/commands/#         | false
            devices/d1/commands/#   | #                            | false
            devices/+/status        | devices/d1/status            | true
            devices/+/status        | devices/+/status             | true
            devices/+/status        | devices/#                    | false
            a/+/#                   | a/#                          | false
            #                       | a/+/#                        | true
            #                       | $SYS/#                       | false
            #                       | +/x                          | true
            +/x                     | $SYS/x                       | false
            $SYS/#                  | $SYS/x                       | true
            a/b                     | a/b/c                        | false
            """)
    void containmentDecidesWhetherASubscriptionStaysWithinAnAllowedFilter(String outer, String inner, boolean expected) {
        assertThat(TopicFilters.contains(TopicFilters.levels(outer), TopicFilters.levels(inner))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            devices/d1/secret       | devices/d1/#                 | true
            devices/d1/secret       | devices/+/secret             | true
            devices/d1/secret       | #                            | true
            devices/d1/secret       | devices/d1/public            | false
            devices/d1/secret/#     | devices/d1/secret            | true
            devices/d1/secret/#     | devices/d1                   | false
            a/+                     | a                            | false
            a/+                     | +/b                          | true
            $SYS/#                  | #                            | false
            $SYS/#                  | +/x                          | false
            $SYS/x                  | $SYS/+                       | true
            +                       | #                            | true
            a/b/c                   | a/b                          | false
            """)
    void overlapDecidesWhetherASubscriptionCouldReceiveADeniedTopic(String a, String b, boolean expected) {
        assertThat(TopicFilters.overlaps(TopicFilters.levels(a), TopicFilters.levels(b))).isEqualTo(expected);
        assertThat(TopicFilters.overlaps(TopicFilters.levels(b), TopicFilters.levels(a))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: topic {1}, filter {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a/b          | true  | true
            /            | true  | true
            a/+          | false | true
            a/#          | false | true
            a/#/b        | false | false
            a/b+         | false | false
            a#           | false | false
            ''           | false | false
            +            | false | true
            #            | false | true
            +/+/#        | false | true
            /#           | false | true
            #/           | false | false
            +a/b         | false | false
            a/+b         | false | false
            a/++         | false | false
            a/##         | false | false
            a//+/        | false | true
            """)
    void validity(String text, boolean topic, boolean filter) {
        assertThat(TopicFilters.isValidTopic(text)).isEqualTo(topic);
        assertThat(TopicFilters.isValidFilter(text)).isEqualTo(filter);
    }

    @ParameterizedTest
    @CsvSource({"a/b/c", "a//c", "/x", "$SYS/x", "a/b", "b/c/d/e"})
    void trieFindsEveryMatchingFilterOnce(String topic) {
        List<String> filters = List.of("#", "+/#", "a/#", "a/+/c", "+/+/+", "a/b/c", "a//c", "/+", "$SYS/#", "+/x", "a/b/#");
        TopicTrie<String> trie = new TopicTrie<>();
        filters.forEach(f -> trie.add(TopicFilters.levels(f), f));
        List<String> expected = filters.stream().filter(f -> TopicFilters.matches(TopicFilters.levels(f), topic)).toList();
        assertThat(trie.matching(topic)).containsExactlyInAnyOrderElementsOf(expected);
    }
}
