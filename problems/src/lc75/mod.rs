//! The problems, one module each, in study-plan order.

use std::sync::OnceLock;

use crate::spec::Problem;

mod p1004_max_consecutive_ones_iii;
mod p104_maximum_depth_of_binary_tree;
mod p1071_greatest_common_divisor_of_strings;
mod p1137_n_th_tribonacci_number;
mod p1143_longest_common_subsequence;
mod p1161_maximum_level_sum_of_a_binary_tree;
mod p11_container_with_most_water;
mod p1207_unique_number_of_occurrences;
mod p1268_search_suggestions_system;
mod p1318_minimum_flips_to_make_a_or_b_equal_to_c;
mod p136_single_number;
mod p1372_longest_zigzag_path_in_a_binary_tree;
mod p1431_kids_with_the_greatest_number_of_candies;
mod p1448_count_good_nodes_in_binary_tree;
mod p1456_maximum_number_of_vowels_in_a_substring_of_given_length;
mod p1466_reorder_routes_to_make_all_paths_lead_to_the_city_zero;
mod p1493_longest_subarray_of_1s_after_deleting_one_element;
mod p151_reverse_words_in_a_string;
mod p162_find_peak_element;
mod p1657_determine_if_two_strings_are_close;
mod p1679_max_number_of_k_sum_pairs;
mod p1732_find_the_highest_altitude;
mod p1768_merge_strings_alternately;
mod p17_letter_combinations_of_a_phone_number;
mod p1926_nearest_exit_from_entrance_in_maze;
mod p198_house_robber;
mod p199_binary_tree_right_side_view;
mod p206_reverse_linked_list;
mod p208_implement_trie_prefix_tree;
mod p2095_delete_the_middle_node_of_a_linked_list;
mod p2130_maximum_twin_sum_of_a_linked_list;
mod p215_kth_largest_element_in_an_array;
mod p216_combination_sum_iii;
mod p2215_find_the_difference_of_two_arrays;
mod p2300_successful_pairs_of_spells_and_potions;
mod p2336_smallest_number_in_infinite_set;
mod p2352_equal_row_and_column_pairs;
mod p236_lowest_common_ancestor_of_a_binary_tree;
mod p238_product_of_array_except_self;
mod p2390_removing_stars_from_a_string;
mod p2462_total_cost_to_hire_k_workers;
mod p2542_maximum_subsequence_score;
mod p283_move_zeroes;
mod p328_odd_even_linked_list;
mod p334_increasing_triplet_subsequence;
mod p338_counting_bits;
mod p345_reverse_vowels_of_a_string;
mod p374_guess_number_higher_or_lower;
mod p392_is_subsequence;
mod p394_decode_string;
mod p399_evaluate_division;
mod p435_non_overlapping_intervals;
mod p437_path_sum_iii;
mod p443_string_compression;
mod p450_delete_node_in_a_bst;
mod p452_minimum_number_of_arrows_to_burst_balloons;
mod p547_number_of_provinces;
mod p605_can_place_flowers;
mod p62_unique_paths;
mod p643_maximum_average_subarray_i;
mod p649_dota2_senate;
mod p700_search_in_a_binary_search_tree;
mod p714_best_time_to_buy_and_sell_stock_with_transaction_fee;
mod p724_find_pivot_index;
mod p72_edit_distance;
mod p735_asteroid_collision;
mod p739_daily_temperatures;
mod p746_min_cost_climbing_stairs;
mod p790_domino_and_tromino_tiling;
mod p841_keys_and_rooms;
mod p872_leaf_similar_trees;
mod p875_koko_eating_bananas;
mod p901_online_stock_span;
mod p933_number_of_recent_calls;
mod p994_rotting_oranges;
mod trees;

pub fn all() -> &'static [Box<dyn Problem>] {
    static ALL: OnceLock<Vec<Box<dyn Problem>>> = OnceLock::new();
    ALL.get_or_init(|| {
        let all: Vec<Box<dyn Problem>> = vec![
            Box::new(p1768_merge_strings_alternately::spec()),
            Box::new(p1071_greatest_common_divisor_of_strings::spec()),
            Box::new(p1431_kids_with_the_greatest_number_of_candies::spec()),
            Box::new(p605_can_place_flowers::spec()),
            Box::new(p345_reverse_vowels_of_a_string::spec()),
            Box::new(p151_reverse_words_in_a_string::spec()),
            Box::new(p238_product_of_array_except_self::spec()),
            Box::new(p334_increasing_triplet_subsequence::spec()),
            Box::new(p443_string_compression::spec()),
            Box::new(p283_move_zeroes::spec()),
            Box::new(p392_is_subsequence::spec()),
            Box::new(p11_container_with_most_water::spec()),
            Box::new(p1679_max_number_of_k_sum_pairs::spec()),
            Box::new(p643_maximum_average_subarray_i::spec()),
            Box::new(p1456_maximum_number_of_vowels_in_a_substring_of_given_length::spec()),
            Box::new(p1004_max_consecutive_ones_iii::spec()),
            Box::new(p1493_longest_subarray_of_1s_after_deleting_one_element::spec()),
            Box::new(p1732_find_the_highest_altitude::spec()),
            Box::new(p724_find_pivot_index::spec()),
            Box::new(p2215_find_the_difference_of_two_arrays::spec()),
            Box::new(p1207_unique_number_of_occurrences::spec()),
            Box::new(p1657_determine_if_two_strings_are_close::spec()),
            Box::new(p2352_equal_row_and_column_pairs::spec()),
            Box::new(p2390_removing_stars_from_a_string::spec()),
            Box::new(p735_asteroid_collision::spec()),
            Box::new(p394_decode_string::spec()),
            Box::new(p933_number_of_recent_calls::spec()),
            Box::new(p649_dota2_senate::spec()),
            Box::new(p2095_delete_the_middle_node_of_a_linked_list::spec()),
            Box::new(p328_odd_even_linked_list::spec()),
            Box::new(p206_reverse_linked_list::spec()),
            Box::new(p2130_maximum_twin_sum_of_a_linked_list::spec()),
            Box::new(p104_maximum_depth_of_binary_tree::spec()),
            Box::new(p872_leaf_similar_trees::spec()),
            Box::new(p1448_count_good_nodes_in_binary_tree::spec()),
            Box::new(p437_path_sum_iii::spec()),
            Box::new(p1372_longest_zigzag_path_in_a_binary_tree::spec()),
            Box::new(p236_lowest_common_ancestor_of_a_binary_tree::spec()),
            Box::new(p199_binary_tree_right_side_view::spec()),
            Box::new(p1161_maximum_level_sum_of_a_binary_tree::spec()),
            Box::new(p700_search_in_a_binary_search_tree::spec()),
            Box::new(p450_delete_node_in_a_bst::spec()),
            Box::new(p841_keys_and_rooms::spec()),
            Box::new(p547_number_of_provinces::spec()),
            Box::new(p1466_reorder_routes_to_make_all_paths_lead_to_the_city_zero::spec()),
            Box::new(p399_evaluate_division::spec()),
            Box::new(p1926_nearest_exit_from_entrance_in_maze::spec()),
            Box::new(p994_rotting_oranges::spec()),
            Box::new(p215_kth_largest_element_in_an_array::spec()),
            Box::new(p2336_smallest_number_in_infinite_set::spec()),
            Box::new(p2542_maximum_subsequence_score::spec()),
            Box::new(p2462_total_cost_to_hire_k_workers::spec()),
            Box::new(p374_guess_number_higher_or_lower::spec()),
            Box::new(p2300_successful_pairs_of_spells_and_potions::spec()),
            Box::new(p162_find_peak_element::spec()),
            Box::new(p875_koko_eating_bananas::spec()),
            Box::new(p17_letter_combinations_of_a_phone_number::spec()),
            Box::new(p216_combination_sum_iii::spec()),
            Box::new(p1137_n_th_tribonacci_number::spec()),
            Box::new(p746_min_cost_climbing_stairs::spec()),
            Box::new(p198_house_robber::spec()),
            Box::new(p790_domino_and_tromino_tiling::spec()),
            Box::new(p62_unique_paths::spec()),
            Box::new(p1143_longest_common_subsequence::spec()),
            Box::new(p714_best_time_to_buy_and_sell_stock_with_transaction_fee::spec()),
            Box::new(p72_edit_distance::spec()),
            Box::new(p338_counting_bits::spec()),
            Box::new(p136_single_number::spec()),
            Box::new(p1318_minimum_flips_to_make_a_or_b_equal_to_c::spec()),
            Box::new(p208_implement_trie_prefix_tree::spec()),
            Box::new(p1268_search_suggestions_system::spec()),
            Box::new(p435_non_overlapping_intervals::spec()),
            Box::new(p452_minimum_number_of_arrows_to_burst_balloons::spec()),
            Box::new(p739_daily_temperatures::spec()),
            Box::new(p901_online_stock_span::spec()),
        ];
        debug_assert!(all.windows(2).all(|w| w[0].info().order < w[1].info().order), "study-plan order");
        all
    })
}
